package io.tdflink.common.jdbc;

import org.apache.flink.annotation.Internal;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * The part of {@link ResultSet} a read-only, forward-only cursor over one decoded block does not
 * offer: updates, scrolling, streams, LOBs and the typed getters TDengine has no type for. Each
 * throws {@link SQLFeatureNotSupportedException} naming the method, so a deserializer written for
 * the JDBC driver fails loudly instead of reading a wrong value. Kept apart from
 * {@link BatchResultSet} so the cursor's file holds only what it does.
 */
@Internal
abstract class UnsupportedResultSet implements ResultSet {
    private static SQLFeatureNotSupportedException unsupported(String method) {
        return new SQLFeatureNotSupportedException(
                "ResultSet." + method + " is not supported over a TMQ block (read-only, forward-only)");
    }

    @Override
    public boolean absolute(int rows) throws SQLException {
        throw unsupported("absolute(int)");
    }

    @Override
    public void afterLast() throws SQLException {
        throw unsupported("afterLast()");
    }

    @Override
    public void beforeFirst() throws SQLException {
        throw unsupported("beforeFirst()");
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        throw unsupported("cancelRowUpdates()");
    }

    @Override
    public void clearWarnings() throws SQLException {
        throw unsupported("clearWarnings()");
    }

    @Override
    public void deleteRow() throws SQLException {
        throw unsupported("deleteRow()");
    }

    @Override
    public boolean first() throws SQLException {
        throw unsupported("first()");
    }

    @Override
    public Array getArray(int columnIndex) throws SQLException {
        throw unsupported("getArray(int)");
    }

    @Override
    public Array getArray(String columnLabel) throws SQLException {
        throw unsupported("getArray(String)");
    }

    @Override
    public InputStream getAsciiStream(int columnIndex) throws SQLException {
        throw unsupported("getAsciiStream(int)");
    }

    @Override
    public InputStream getAsciiStream(String columnLabel) throws SQLException {
        throw unsupported("getAsciiStream(String)");
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        throw unsupported("getBigDecimal(int,int)");
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
        throw unsupported("getBigDecimal(String,int)");
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        throw unsupported("getBinaryStream(int)");
    }

    @Override
    public InputStream getBinaryStream(String columnLabel) throws SQLException {
        throw unsupported("getBinaryStream(String)");
    }

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        throw unsupported("getBlob(int)");
    }

    @Override
    public Blob getBlob(String columnLabel) throws SQLException {
        throw unsupported("getBlob(String)");
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        throw unsupported("getCharacterStream(int)");
    }

    @Override
    public Reader getCharacterStream(String columnLabel) throws SQLException {
        throw unsupported("getCharacterStream(String)");
    }

    @Override
    public Clob getClob(int columnIndex) throws SQLException {
        throw unsupported("getClob(int)");
    }

    @Override
    public Clob getClob(String columnLabel) throws SQLException {
        throw unsupported("getClob(String)");
    }

    @Override
    public String getCursorName() throws SQLException {
        throw unsupported("getCursorName()");
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        throw unsupported("getDate(int)");
    }

    @Override
    public Date getDate(int columnIndex, Calendar cal) throws SQLException {
        throw unsupported("getDate(int,Calendar)");
    }

    @Override
    public Date getDate(String columnLabel) throws SQLException {
        throw unsupported("getDate(String)");
    }

    @Override
    public Date getDate(String columnLabel, Calendar cal) throws SQLException {
        throw unsupported("getDate(String,Calendar)");
    }

    @Override
    public int getFetchDirection() throws SQLException {
        throw unsupported("getFetchDirection()");
    }

    @Override
    public int getFetchSize() throws SQLException {
        throw unsupported("getFetchSize()");
    }

    @Override
    public int getHoldability() throws SQLException {
        throw unsupported("getHoldability()");
    }

    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        throw unsupported("getNCharacterStream(int)");
    }

    @Override
    public Reader getNCharacterStream(String columnLabel) throws SQLException {
        throw unsupported("getNCharacterStream(String)");
    }

    @Override
    public NClob getNClob(int columnIndex) throws SQLException {
        throw unsupported("getNClob(int)");
    }

    @Override
    public NClob getNClob(String columnLabel) throws SQLException {
        throw unsupported("getNClob(String)");
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        throw unsupported("getNString(int)");
    }

    @Override
    public String getNString(String columnLabel) throws SQLException {
        throw unsupported("getNString(String)");
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        throw unsupported("getObject(int,Class<T>)");
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        throw unsupported("getObject(String,Class<T>)");
    }

    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        throw unsupported("getObject(int,Map<String, Class<?>>)");
    }

    @Override
    public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
        throw unsupported("getObject(String,Map<String, Class<?>>)");
    }

    @Override
    public Ref getRef(int columnIndex) throws SQLException {
        throw unsupported("getRef(int)");
    }

    @Override
    public Ref getRef(String columnLabel) throws SQLException {
        throw unsupported("getRef(String)");
    }

    @Override
    public int getRow() throws SQLException {
        throw unsupported("getRow()");
    }

    @Override
    public RowId getRowId(int columnIndex) throws SQLException {
        throw unsupported("getRowId(int)");
    }

    @Override
    public RowId getRowId(String columnLabel) throws SQLException {
        throw unsupported("getRowId(String)");
    }

    @Override
    public SQLXML getSQLXML(int columnIndex) throws SQLException {
        throw unsupported("getSQLXML(int)");
    }

    @Override
    public SQLXML getSQLXML(String columnLabel) throws SQLException {
        throw unsupported("getSQLXML(String)");
    }

    @Override
    public Statement getStatement() throws SQLException {
        throw unsupported("getStatement()");
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        throw unsupported("getTime(int)");
    }

    @Override
    public Time getTime(int columnIndex, Calendar cal) throws SQLException {
        throw unsupported("getTime(int,Calendar)");
    }

    @Override
    public Time getTime(String columnLabel) throws SQLException {
        throw unsupported("getTime(String)");
    }

    @Override
    public Time getTime(String columnLabel, Calendar cal) throws SQLException {
        throw unsupported("getTime(String,Calendar)");
    }

    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
        throw unsupported("getTimestamp(int,Calendar)");
    }

    @Override
    public Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException {
        throw unsupported("getTimestamp(String,Calendar)");
    }

    @Override
    public URL getURL(int columnIndex) throws SQLException {
        throw unsupported("getURL(int)");
    }

    @Override
    public URL getURL(String columnLabel) throws SQLException {
        throw unsupported("getURL(String)");
    }

    @Override
    public InputStream getUnicodeStream(int columnIndex) throws SQLException {
        throw unsupported("getUnicodeStream(int)");
    }

    @Override
    public InputStream getUnicodeStream(String columnLabel) throws SQLException {
        throw unsupported("getUnicodeStream(String)");
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        throw unsupported("getWarnings()");
    }

    @Override
    public void insertRow() throws SQLException {
        throw unsupported("insertRow()");
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        throw unsupported("isAfterLast()");
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        throw unsupported("isBeforeFirst()");
    }

    @Override
    public boolean isFirst() throws SQLException {
        throw unsupported("isFirst()");
    }

    @Override
    public boolean isLast() throws SQLException {
        throw unsupported("isLast()");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        throw unsupported("isWrapperFor(Class<?>)");
    }

    @Override
    public boolean last() throws SQLException {
        throw unsupported("last()");
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        throw unsupported("moveToCurrentRow()");
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        throw unsupported("moveToInsertRow()");
    }

    @Override
    public boolean previous() throws SQLException {
        throw unsupported("previous()");
    }

    @Override
    public void refreshRow() throws SQLException {
        throw unsupported("refreshRow()");
    }

    @Override
    public boolean relative(int rows) throws SQLException {
        throw unsupported("relative(int)");
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        throw unsupported("rowDeleted()");
    }

    @Override
    public boolean rowInserted() throws SQLException {
        throw unsupported("rowInserted()");
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        throw unsupported("rowUpdated()");
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        throw unsupported("setFetchDirection(int)");
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        throw unsupported("setFetchSize(int)");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw unsupported("unwrap(Class<T>)");
    }

    @Override
    public void updateArray(int columnIndex, Array x) throws SQLException {
        throw unsupported("updateArray(int,Array)");
    }

    @Override
    public void updateArray(String columnLabel, Array x) throws SQLException {
        throw unsupported("updateArray(String,Array)");
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x) throws SQLException {
        throw unsupported("updateAsciiStream(int,InputStream)");
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x, int length) throws SQLException {
        throw unsupported("updateAsciiStream(int,InputStream,int)");
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x, long length) throws SQLException {
        throw unsupported("updateAsciiStream(int,InputStream,long)");
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x) throws SQLException {
        throw unsupported("updateAsciiStream(String,InputStream)");
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x, int length) throws SQLException {
        throw unsupported("updateAsciiStream(String,InputStream,int)");
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x, long length) throws SQLException {
        throw unsupported("updateAsciiStream(String,InputStream,long)");
    }

    @Override
    public void updateBigDecimal(int columnIndex, BigDecimal x) throws SQLException {
        throw unsupported("updateBigDecimal(int,BigDecimal)");
    }

    @Override
    public void updateBigDecimal(String columnLabel, BigDecimal x) throws SQLException {
        throw unsupported("updateBigDecimal(String,BigDecimal)");
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x) throws SQLException {
        throw unsupported("updateBinaryStream(int,InputStream)");
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x, int length) throws SQLException {
        throw unsupported("updateBinaryStream(int,InputStream,int)");
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x, long length) throws SQLException {
        throw unsupported("updateBinaryStream(int,InputStream,long)");
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x) throws SQLException {
        throw unsupported("updateBinaryStream(String,InputStream)");
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x, int length) throws SQLException {
        throw unsupported("updateBinaryStream(String,InputStream,int)");
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x, long length) throws SQLException {
        throw unsupported("updateBinaryStream(String,InputStream,long)");
    }

    @Override
    public void updateBlob(int columnIndex, InputStream x) throws SQLException {
        throw unsupported("updateBlob(int,InputStream)");
    }

    @Override
    public void updateBlob(int columnIndex, InputStream x, long length) throws SQLException {
        throw unsupported("updateBlob(int,InputStream,long)");
    }

    @Override
    public void updateBlob(int columnIndex, Blob x) throws SQLException {
        throw unsupported("updateBlob(int,Blob)");
    }

    @Override
    public void updateBlob(String columnLabel, InputStream x) throws SQLException {
        throw unsupported("updateBlob(String,InputStream)");
    }

    @Override
    public void updateBlob(String columnLabel, InputStream x, long length) throws SQLException {
        throw unsupported("updateBlob(String,InputStream,long)");
    }

    @Override
    public void updateBlob(String columnLabel, Blob x) throws SQLException {
        throw unsupported("updateBlob(String,Blob)");
    }

    @Override
    public void updateBoolean(int columnIndex, boolean x) throws SQLException {
        throw unsupported("updateBoolean(int,boolean)");
    }

    @Override
    public void updateBoolean(String columnLabel, boolean x) throws SQLException {
        throw unsupported("updateBoolean(String,boolean)");
    }

    @Override
    public void updateByte(int columnIndex, byte x) throws SQLException {
        throw unsupported("updateByte(int,byte)");
    }

    @Override
    public void updateByte(String columnLabel, byte x) throws SQLException {
        throw unsupported("updateByte(String,byte)");
    }

    @Override
    public void updateBytes(int columnIndex, byte[] x) throws SQLException {
        throw unsupported("updateBytes(int,byte[])");
    }

    @Override
    public void updateBytes(String columnLabel, byte[] x) throws SQLException {
        throw unsupported("updateBytes(String,byte[])");
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x) throws SQLException {
        throw unsupported("updateCharacterStream(int,Reader)");
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x, int length) throws SQLException {
        throw unsupported("updateCharacterStream(int,Reader,int)");
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
        throw unsupported("updateCharacterStream(int,Reader,long)");
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader x) throws SQLException {
        throw unsupported("updateCharacterStream(String,Reader)");
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader x, int length) throws SQLException {
        throw unsupported("updateCharacterStream(String,Reader,int)");
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader x, long length) throws SQLException {
        throw unsupported("updateCharacterStream(String,Reader,long)");
    }

    @Override
    public void updateClob(int columnIndex, Reader x) throws SQLException {
        throw unsupported("updateClob(int,Reader)");
    }

    @Override
    public void updateClob(int columnIndex, Reader x, long length) throws SQLException {
        throw unsupported("updateClob(int,Reader,long)");
    }

    @Override
    public void updateClob(int columnIndex, Clob x) throws SQLException {
        throw unsupported("updateClob(int,Clob)");
    }

    @Override
    public void updateClob(String columnLabel, Reader x) throws SQLException {
        throw unsupported("updateClob(String,Reader)");
    }

    @Override
    public void updateClob(String columnLabel, Reader x, long length) throws SQLException {
        throw unsupported("updateClob(String,Reader,long)");
    }

    @Override
    public void updateClob(String columnLabel, Clob x) throws SQLException {
        throw unsupported("updateClob(String,Clob)");
    }

    @Override
    public void updateDate(int columnIndex, Date x) throws SQLException {
        throw unsupported("updateDate(int,Date)");
    }

    @Override
    public void updateDate(String columnLabel, Date x) throws SQLException {
        throw unsupported("updateDate(String,Date)");
    }

    @Override
    public void updateDouble(int columnIndex, double x) throws SQLException {
        throw unsupported("updateDouble(int,double)");
    }

    @Override
    public void updateDouble(String columnLabel, double x) throws SQLException {
        throw unsupported("updateDouble(String,double)");
    }

    @Override
    public void updateFloat(int columnIndex, float x) throws SQLException {
        throw unsupported("updateFloat(int,float)");
    }

    @Override
    public void updateFloat(String columnLabel, float x) throws SQLException {
        throw unsupported("updateFloat(String,float)");
    }

    @Override
    public void updateInt(int columnIndex, int x) throws SQLException {
        throw unsupported("updateInt(int,int)");
    }

    @Override
    public void updateInt(String columnLabel, int x) throws SQLException {
        throw unsupported("updateInt(String,int)");
    }

    @Override
    public void updateLong(int columnIndex, long x) throws SQLException {
        throw unsupported("updateLong(int,long)");
    }

    @Override
    public void updateLong(String columnLabel, long x) throws SQLException {
        throw unsupported("updateLong(String,long)");
    }

    @Override
    public void updateNCharacterStream(int columnIndex, Reader x) throws SQLException {
        throw unsupported("updateNCharacterStream(int,Reader)");
    }

    @Override
    public void updateNCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
        throw unsupported("updateNCharacterStream(int,Reader,long)");
    }

    @Override
    public void updateNCharacterStream(String columnLabel, Reader x) throws SQLException {
        throw unsupported("updateNCharacterStream(String,Reader)");
    }

    @Override
    public void updateNCharacterStream(String columnLabel, Reader x, long length) throws SQLException {
        throw unsupported("updateNCharacterStream(String,Reader,long)");
    }

    @Override
    public void updateNClob(int columnIndex, Reader x) throws SQLException {
        throw unsupported("updateNClob(int,Reader)");
    }

    @Override
    public void updateNClob(int columnIndex, Reader x, long length) throws SQLException {
        throw unsupported("updateNClob(int,Reader,long)");
    }

    @Override
    public void updateNClob(int columnIndex, NClob x) throws SQLException {
        throw unsupported("updateNClob(int,NClob)");
    }

    @Override
    public void updateNClob(String columnLabel, Reader x) throws SQLException {
        throw unsupported("updateNClob(String,Reader)");
    }

    @Override
    public void updateNClob(String columnLabel, Reader x, long length) throws SQLException {
        throw unsupported("updateNClob(String,Reader,long)");
    }

    @Override
    public void updateNClob(String columnLabel, NClob x) throws SQLException {
        throw unsupported("updateNClob(String,NClob)");
    }

    @Override
    public void updateNString(int columnIndex, String x) throws SQLException {
        throw unsupported("updateNString(int,String)");
    }

    @Override
    public void updateNString(String columnLabel, String x) throws SQLException {
        throw unsupported("updateNString(String,String)");
    }

    @Override
    public void updateNull(int columnIndex) throws SQLException {
        throw unsupported("updateNull(int)");
    }

    @Override
    public void updateNull(String columnLabel) throws SQLException {
        throw unsupported("updateNull(String)");
    }

    @Override
    public void updateObject(int columnIndex, Object x) throws SQLException {
        throw unsupported("updateObject(int,Object)");
    }

    @Override
    public void updateObject(int columnIndex, Object x, int length) throws SQLException {
        throw unsupported("updateObject(int,Object,int)");
    }

    @Override
    public void updateObject(String columnLabel, Object x) throws SQLException {
        throw unsupported("updateObject(String,Object)");
    }

    @Override
    public void updateObject(String columnLabel, Object x, int length) throws SQLException {
        throw unsupported("updateObject(String,Object,int)");
    }

    @Override
    public void updateRef(int columnIndex, Ref x) throws SQLException {
        throw unsupported("updateRef(int,Ref)");
    }

    @Override
    public void updateRef(String columnLabel, Ref x) throws SQLException {
        throw unsupported("updateRef(String,Ref)");
    }

    @Override
    public void updateRow() throws SQLException {
        throw unsupported("updateRow()");
    }

    @Override
    public void updateRowId(int columnIndex, RowId x) throws SQLException {
        throw unsupported("updateRowId(int,RowId)");
    }

    @Override
    public void updateRowId(String columnLabel, RowId x) throws SQLException {
        throw unsupported("updateRowId(String,RowId)");
    }

    @Override
    public void updateSQLXML(int columnIndex, SQLXML x) throws SQLException {
        throw unsupported("updateSQLXML(int,SQLXML)");
    }

    @Override
    public void updateSQLXML(String columnLabel, SQLXML x) throws SQLException {
        throw unsupported("updateSQLXML(String,SQLXML)");
    }

    @Override
    public void updateShort(int columnIndex, short x) throws SQLException {
        throw unsupported("updateShort(int,short)");
    }

    @Override
    public void updateShort(String columnLabel, short x) throws SQLException {
        throw unsupported("updateShort(String,short)");
    }

    @Override
    public void updateString(int columnIndex, String x) throws SQLException {
        throw unsupported("updateString(int,String)");
    }

    @Override
    public void updateString(String columnLabel, String x) throws SQLException {
        throw unsupported("updateString(String,String)");
    }

    @Override
    public void updateTime(int columnIndex, Time x) throws SQLException {
        throw unsupported("updateTime(int,Time)");
    }

    @Override
    public void updateTime(String columnLabel, Time x) throws SQLException {
        throw unsupported("updateTime(String,Time)");
    }

    @Override
    public void updateTimestamp(int columnIndex, Timestamp x) throws SQLException {
        throw unsupported("updateTimestamp(int,Timestamp)");
    }

    @Override
    public void updateTimestamp(String columnLabel, Timestamp x) throws SQLException {
        throw unsupported("updateTimestamp(String,Timestamp)");
    }
}
